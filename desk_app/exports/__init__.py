"""Files the desk writes for, and reads from, other systems: the carrier's shipping-label
import (Yamato B2 Cloud) and the product catalogue as CSV."""
