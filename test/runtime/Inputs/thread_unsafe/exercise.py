"""Exercise for thread_unsafe: echo() of 20 numbers; each must come back as
its own string."""


def exercise(mod):
    return [mod.echo(i) for i in range(20)]
