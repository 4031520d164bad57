from . import sscc_label
