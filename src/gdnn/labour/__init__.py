"""Labour-market supply and demand: occupations, the enterprise register, employer and graduate
tracer surveys answered through personal links, weighted estimates, gaps and training-need
forecasts (issue 17)."""
