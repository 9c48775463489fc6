"""Background jobs: long computations run by a worker, with status, progress and a result.

Built on Django's task interface (the ``django-tasks`` backport of DEP 14, database backend from
``django-tasks-db``, worker ``samenspel beheer db_worker``). A :class:`~samenspel.jobs.models.Job`
records what a page asked for; :func:`samenspel.jobs.services.submit` reuses a job with the same
inputs and data version. Capabilities register their job functions with
:func:`samenspel.jobs.services.register` in their own ``tasks`` module.
"""
