from . import dist_return_authorization
from . import helpdesk_ticket
