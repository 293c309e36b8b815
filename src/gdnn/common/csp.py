"""The Content-Security-Policy of pages that draw Vega charts.

Vega compiles chart expressions with Function(): such pages alone allow eval (still no inline
script) and the inline styles vega-embed writes into its SVG. Every other page keeps
settings.SECURE_CSP.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.csp import CSP

CHARTS_CSP = {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.UNSAFE_EVAL],
              "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
