"""User administration inside the product: a system administrator manages every account, a province
officer the accounts of their province's subtree. Pages in `views.py`, writes in `services.py`
(each checks the actor's scope), reads in `selectors.py`, the XLSX/CSV reader in `imports.py`."""
