// What needs a person, on AWS: the alarms packages/functions/src/alarms.ts names, each telling one
// topic when it is raised and when it clears. Set `DWIPPER_ALARM_EMAIL` when deploying and the
// topic mails that address (AWS first asks it to confirm). Dev mode makes none: there, the
// terminal shows every failure as it happens.
import { ALARM_PERIOD_SECONDS, type AlarmSubject, alarmSubjects } from "@dwipper/functions/alarms";
import { api, componentName, failureQueues } from "./api";
import { triggerFunctionNames } from "./auth";

export const alarmTopic = new sst.aws.SnsTopic("Alarms");

const email = process.env.DWIPPER_ALARM_EMAIL;
if (email) {
  new aws.sns.TopicSubscription("AlarmsEmail", {
    topic: alarmTopic.arn,
    protocol: "email",
    endpoint: email,
  });
}

interface Watched {
  name: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, $util.Input<string>>;
  statistic: string;
}

/** Which metric an alarm watches, and where: only metrics AWS sends at no charge. */
function watched(subject: AlarmSubject): Watched {
  if (subject.watches === "api") {
    return {
      name: "ApiServerErrors",
      description: "The API answered 500 or more (docs/operations.md, Alarms).",
      namespace: "AWS/ApiGateway",
      metricName: "5xx",
      // SST's stage for the API is its `$default` one.
      dimensions: { ApiId: api.nodes.api.id, Stage: "$default" },
      statistic: "Sum",
    };
  }
  if (subject.watches === "trigger") {
    const functionName = triggerFunctionNames.get(subject.file);
    if (!functionName) throw new Error(`No trigger function for ${subject.file}.`);
    return {
      name: `${componentName(subject.file)}Failed`,
      description: `The user pool's trigger ${subject.file} failed (docs/operations.md, Alarms).`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
    };
  }
  const queue = failureQueues.get(subject.file);
  if (!queue) throw new Error(`No failure queue for ${subject.file}.`);
  return {
    name: `${componentName(subject.file)}GaveUp`,
    description: `Lambda gave up on work of ${subject.file}: it is in its failure queue (docs/operations.md, Alarms).`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue.nodes.queue.name },
    statistic: "Maximum",
  };
}

export const alarms = alarmSubjects.map((subject) => {
  const { name, description, ...metric } = watched(subject);
  return new aws.cloudwatch.MetricAlarm(`${name}Alarm`, {
    alarmDescription: description,
    ...metric,
    period: ALARM_PERIOD_SECONDS,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    // No answers, no records: nothing is wrong.
    treatMissingData: "notBreaching",
    alarmActions: [alarmTopic.arn],
    okActions: [alarmTopic.arn],
  });
});
