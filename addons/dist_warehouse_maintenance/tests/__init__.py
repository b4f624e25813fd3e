from . import test_equipment_down
from . import test_xmlrpc
