# a bare except before another handler
try:
    x = 1
except:
    pass
except ValueError:
    pass
