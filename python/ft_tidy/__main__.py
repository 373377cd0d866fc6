"""python -m ft_tidy"""
from .cli import entry

entry()
