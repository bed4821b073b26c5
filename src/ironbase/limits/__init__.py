"""General rate limits: one fixed-window counter per bucket, person and client address.

Routes that do expensive or write-heavy work take ``Depends(rate_limited("<bucket>"))``;
the figures live in settings (``IRONBASE_RATE_LIMITS``), the counters in
``admin_check_rate_limit`` (see ``repository``).
"""
