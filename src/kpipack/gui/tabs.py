"""The names of the window's tabs, in their order (for `--screenshot --tab`
and its help). No Qt here: the command line's help reads them."""

TABS = ("dashboard", "trends", "stores", "issues", "actions", "campaigns", "orders")
