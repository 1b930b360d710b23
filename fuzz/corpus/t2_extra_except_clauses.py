# except clauses: tuples, as-names cleared afterwards, bare raise, raise from, re-raise in finally
def classify(exc):
    try:
        raise exc
    except (KeyError, IndexError) as e:
        return 'lookup ' + repr(e)
    except ValueError:
        return 'value'
    except ZeroDivisionError as err:
        err = 'rebound'
        return err
    except:
        return 'other'
def name_is_deleted():
    e = 'before'
    try:
        1 / 0
    except ZeroDivisionError as e:
        pass
    try:
        return e
    except NameError as problem:
        return 'deleted: ' + str(problem)
def chained():
    try:
        try:
            {}['k']
        except KeyError as inner:
            raise ValueError('outer') from inner
    except ValueError as outer:
        return repr(outer.__cause__), outer.__suppress_context__
def bare_reraise(log):
    try:
        try:
            [][1]
        except IndexError:
            log.append('seen')
            raise
    except IndexError as e:
        log.append('again ' + str(e))
    return log
def reraise_in_finally(log):
    try:
        try:
            raise KeyError('k')
        finally:
            log.append('cleanup')
    except KeyError:
        log.append('caught')
    else:
        log.append('no exception')
    return log
print(classify(KeyError('a')), classify(IndexError), classify(ValueError()))
print(classify(ZeroDivisionError()), classify(TypeError()))
print(name_is_deleted())
print(chained())
print(bare_reraise([]), reraise_in_finally([]))
print(classify.__code__.co_varnames, name_is_deleted.__code__.co_varnames)
raise RuntimeError('the end') from None
print('not reached')
