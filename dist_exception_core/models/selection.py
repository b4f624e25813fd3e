"""Selections shared by the exception models and by the suite's other modules."""

SEVERITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Critical"),
]

LAYERS = [
    ("demand", "Demand and order"),
    ("supply", "Supply"),
    ("warehouse", "Warehouse execution"),
    ("service", "Customer service"),
    ("governance", "Management and governance"),
]

# The KPIs an exception type can impact; also the codes of the dashboards' KPI catalogue
# (dist_visibility_dashboards), which checks its records against this list.
KPIS = [
    ("otif", "On-time in-full"),
    ("fill_rate", "Fill rate"),
    ("order_cycle_time", "Order cycle time"),
    ("backorder_aging", "Backorder aging"),
    ("exception_aging", "Order exception aging"),
    ("supplier_reliability", "Supplier confirmation reliability"),
    ("supplier_on_time_receipt", "On-time receipt"),
    ("inventory_accuracy", "Inventory accuracy variance"),
    ("pick_accuracy", "Pick accuracy"),
    ("invoice_lag", "Invoice lag"),
    ("credit_hold_frequency", "Credit hold frequency"),
    ("expedited_freight", "Expedited freight cost"),
    ("complaint_recurrence", "Return and complaint recurrence"),
    ("sla_breach_rate", "SLA breach rate"),
    ("sla_breach_rate_tickets", "Ticket SLA breach rate"),
    ("approval_turnaround", "Approval turnaround"),
]

EXCEPTION_STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In Progress"),
    ("on_hold", "On Hold"),
    ("resolved", "Resolved"),
    ("cancelled", "Cancelled"),
]

# States in which an exception is still open work (and blocks a duplicate).
OPEN_STATES = ("new", "acknowledged", "in_progress", "on_hold")
# Open states in which the SLA clock runs.
RUNNING_STATES = ("new", "acknowledged", "in_progress")

SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("paused", "Paused"),
    ("breached", "Breached"),
    ("met", "Met"),
]

# Service tier of a customer, lowest first: severity rules, backorder follow-up, ticket
# SLA policies and routing compare tiers in this order.
CUSTOMER_TIERS = [
    ("standard", "Standard"),
    ("priority", "Priority"),
    ("strategic", "Strategic"),
]

# What an approval threshold says of a measured value on a document
# (dist.approval.mixin._dist_approval_statuses).
APPROVAL_STATUSES = [
    ("not_required", "Within limits"),
    ("required", "Approval required"),
    ("pending", "Waiting for approval"),
    ("approved", "Approved"),
]

COST_TYPES = [
    ("expedited_freight", "Expedited freight"),
    ("credit_note", "Credit note"),
    ("write_off", "Write-off"),
    ("labour", "Extra labour"),
    ("other", "Other"),
]
