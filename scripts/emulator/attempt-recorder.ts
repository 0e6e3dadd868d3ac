/**
 * Counts every HTTP attempt an SDK client sends, retries included (the engine's ApiCallCounter sits in
 * the `initialize` step and sees one logical call). Observation only: the middleware passes every
 * request and answer through unchanged. Records the command and the `UserName` it named, never values.
 */
import type { AwsClients } from '../../lambda/aws/clients';

export interface Attempt {
  readonly command: string;
  readonly userName?: string;
}

export function recordAttempts(attempts: Attempt[]): (clients: AwsClients) => void {
  return (clients) => {
    clients.iam.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { UserName?: string };
        attempts.push({ command: String(context.commandName), userName: input.UserName });
        return next(args);
      },
      // The deserialize step sits inside the retry middleware: it runs once per attempt.
      { step: 'deserialize', name: 'harnessRecordAttempts' },
    );
  };
}
