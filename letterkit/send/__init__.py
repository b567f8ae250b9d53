"""Delivering a run's messages over SMTP: settings, passwords, the send register, the server.

Nothing here composes or renders: it is given the messages (.eml files
written by the run) and sends them. The run enters it through
letterkit.run.mailing; the command line through the facade.
"""
