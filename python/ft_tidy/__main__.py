"""python -m ft_tidy: the plugin and the check pages are looked for around
the directory that holds python/ (a checkout)."""
import os

from .cli import entry

# launcher_root() takes the directory above the launcher's own: for
# <checkout>/python/ft_tidy, the checkout.
entry(os.path.dirname(os.path.abspath(__file__)))
