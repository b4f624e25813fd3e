from . import stock_backorder_confirmation
from . import stock_return_picking
