"""Web plumbing shared by every blueprint: set-up, access control, pagination, template helpers."""
