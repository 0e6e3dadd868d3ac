/** Where structured log lines go. The handler writes raw JSON lines to stdout (CloudWatch parses EMF there). */
export type LogSink = (line: string) => void;

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};
