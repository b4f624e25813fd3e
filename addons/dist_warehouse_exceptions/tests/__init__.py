from . import test_short_pick
from . import test_count
from . import test_detectors
from . import test_damage_return
from . import test_scanner
from . import test_guards
from . import test_xmlrpc
from . import test_return_authorization
