from . import dist_backend
from . import dist_message_type
from . import dist_message
from . import dist_message_processing
from . import dist_message_generic
from . import dist_message_event
from . import dist_business_key
from . import dist_exception
