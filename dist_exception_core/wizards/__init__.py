from . import dist_exception_resolve
