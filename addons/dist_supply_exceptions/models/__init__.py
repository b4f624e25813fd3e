from . import dist_approval_rule
from . import res_company
from . import res_config_settings
from . import res_partner
from . import purchase_order
from . import product_product
from . import dist_supplier_receipt
from . import dist_expedited_freight
