"""Our own small SIP user agent: registers as an extension and turns INVITEs into CallEvents."""
