from . import models


def uninstall_hook(env):
    """Switch Purchase Approval off first: removing its shipped thresholds while it is on is refused."""
    env["res.company"].with_context(active_test=False).search([("dist_purchase_approval", "=", True)]).write(
        {"dist_purchase_approval": False}
    )
