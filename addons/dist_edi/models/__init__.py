from . import dist_backend
from . import dist_partner_profile
from . import dist_edi_control_number
from . import dist_message_x12
from . import dist_message_x12_850
from . import dist_message_x12_850_vals
from . import sale_order
from . import sale_order_line
