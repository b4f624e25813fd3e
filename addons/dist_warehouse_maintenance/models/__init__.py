# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import dist_exception
from . import maintenance_equipment
from . import maintenance_request
from . import stock_picking
