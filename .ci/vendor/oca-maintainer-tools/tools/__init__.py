# -*- coding: utf-8 -*-


class colors:
    GREEN = "\033[92m"
    FAIL = "\033[91m"
    WARNING = "\033[93m"
    ENDC = "\033[0m"
