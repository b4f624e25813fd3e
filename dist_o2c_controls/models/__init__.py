from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order_line
from . import sale_order
from . import account_move
from . import stock_picking
