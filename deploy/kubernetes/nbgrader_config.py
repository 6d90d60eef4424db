# /etc/jupyter/nbgrader_config.py in the participant server image (deploy/kubernetes/Dockerfile):
# which nbgrader exchange every server on the cluster uses. values.yaml chooses with
# singleuser.extraEnv:
#   KELAS_EKSPOR_EXCHANGE=ngshare (default): ngshare, a JupyterHub service with its own database;
#     no shared filesystem needed. NGSHARE_URL is its address inside the cluster.
#   KELAS_EKSPOR_EXCHANGE=filesystem: nbgrader's own exchange in a folder every server mounts
#     (a ReadWriteMany volume, NBGRADER_EXCHANGE_ROOT); see values-shared-exchange.yaml.
# A class workspace's own nbgrader_config.py (made by `kelas-ekspor init`) sets the course id and
# the gradebook; it is read after this file and does not change the exchange chosen here.
import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

_exchange = os.environ.get("KELAS_EKSPOR_EXCHANGE", "ngshare")
if _exchange == "ngshare":
    from ngshare_exchange import configureExchange

    configureExchange(c, os.environ.get("NGSHARE_URL", "http://ngshare:8080/services/ngshare"))
    # Participants see every course they are enrolled in on ngshare (the grader's workspace
    # names its own course id).
    c.CourseDirectory.course_id = "*"
elif _exchange == "filesystem":
    c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
    c.CourseDirectory.course_id = "kelas-ekspor"
else:
    raise ValueError(
        f"KELAS_EKSPOR_EXCHANGE={_exchange!r} tidak dikenal: pakai 'ngshare' atau 'filesystem' "
        f"(singleuser.extraEnv di values.yaml). / KELAS_EKSPOR_EXCHANGE={_exchange!r} is unknown: "
        f"use 'ngshare' or 'filesystem' (singleuser.extraEnv in values.yaml)."
    )
