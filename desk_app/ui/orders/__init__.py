"""Orders: the order form and its parts, order history, the product catalogue, the Yamato export.
"""
