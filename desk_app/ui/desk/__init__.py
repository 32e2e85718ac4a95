"""The call desk: pop-ups and their manager, the call log, search, the voices list, the caller-ID
source slot, the tray and the operator prompt.
"""
