# jsii's kernel for jsii's Java runtime, as ai-optout runs it: JSII_RUNTIME names this script
# (runtime-env.sh's ai_optout_environment sets it, and Surefire does for the modules' tests):
#   JSII_RUNTIME='exec /bin/sh "$AI_OPTOUT_RUNTIME/jsii-kernel.sh"'
# AI_OPTOUT_RUNTIME is the runtime folder (this script's); the options the kernel runs with are
# computed in runtime-env.sh (ai_optout_kernel), the one place that says how Node.js is run.
. "${AI_OPTOUT_RUNTIME:?the runtime folder, set by the launcher}/runtime-env.sh"
ai_optout_kernel
