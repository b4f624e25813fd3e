from . import test_sync
from . import test_return_authorization
