"""Phone Order Desk: caller-ID pop-up, phone order entry and RFM store for Japanese mail-order shops."""

__version__ = "0.1.0"
