from . import test_backend
from . import test_health
from . import test_message_state_machine
from . import test_message_receive
from . import test_message_processing
from . import test_concurrency
from . import test_audit
from . import test_security
