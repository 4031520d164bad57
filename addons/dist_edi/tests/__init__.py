from . import test_install
from . import test_x12_850_clean_order
from . import test_x12_850_duplicate
from . import test_x12_850_price_tolerance
from . import test_x12_850_replay
from . import test_x12_850_test_partner
from . import test_x12_850_unknown_item
from . import test_x12_850_unknown_ship_to
