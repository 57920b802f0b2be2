"""The Experiments page's tabs: `lab` (①–③), `probe` (④–⑥) and `view` (their shared
helpers). The page itself is ui/pages/experiments.py."""
