from . import dist_workspace
