// Imported first by the local cloud's commands: the AWS SDKs' notices about Node.js versions
// (cognito-local brings SDK v2) say nothing about Dwipper and would bury the URLs it prints.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
