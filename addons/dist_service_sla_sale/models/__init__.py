from . import helpdesk_ticket
from . import dist_exception
from . import stock_picking
