"""What several test modules, and the benchmarks, share (both import ``helpers``: pytest puts tests/ on the path,
bench/ puts it there itself):

    commands    running the installed ``kg`` command as a user would, without the developer's KG_* settings
    servers     ``oxigraph serve`` and ``kg serve`` on 127.0.0.1, started, waited for and stopped one way
    counting    a loopback server that counts what reached it (proof that nothing went to the network)
    factfiles   the small valid fact file that error tests mutate one change at a time
"""

from __future__ import annotations

from .commands import KG, clean_env, run_kg
from .counting import counting_server
from .factfiles import BASE, OFFSET, TEXT, TWICE, line_of, mutate, problems_of, write_fact_file
from .servers import KgServe, OxigraphServer, free_port, oxigraph_command, stop_process, wait_until_serving

__all__ = ["KG", "clean_env", "run_kg", "counting_server", "BASE", "OFFSET", "TEXT", "TWICE", "line_of", "mutate",
           "problems_of", "write_fact_file", "KgServe", "OxigraphServer", "free_port", "oxigraph_command",
           "stop_process", "wait_until_serving"]
