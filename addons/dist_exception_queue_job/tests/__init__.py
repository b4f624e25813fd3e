from . import test_detector_jobs
from . import test_escalation_job
