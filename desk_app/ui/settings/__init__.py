"""The settings dialog: caller-ID device and SIP pages, the trial panel and the raw monitor.
"""
