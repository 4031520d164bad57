from . import dist_message_x12_850
from . import dist_message_x12_850_vals
from . import sale_order
from . import sale_order_line
