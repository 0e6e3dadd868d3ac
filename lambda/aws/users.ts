/**
 * User inventory: who exists, with path, tags and groups (what scope and exemptions need).
 * A scheduled run reads everyone in bulk (GetAccountAuthorizationDetails: ~1 call per 1,000 users);
 * a run that names users reads only those.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  GetUserCommand,
  ListGroupsForUserCommand,
  type IAMClient,
  type Tag,
} from '@aws-sdk/client-iam';
import type { InventoryUser, NamedUsers, UserDirectory } from '../engine/ports';
import { isNotFound } from './aws-errors';
import { DEFAULT_REPORT_WAIT, fetchCredentialReport, type ReportWait } from './credential-report';

/** The UserDirectory port over IAM. */
export function iamUserDirectory(
  iam: IAMClient,
  reportWait: ReportWait = DEFAULT_REPORT_WAIT,
): UserDirectory {
  return {
    listUsers: () => listAllUsers(iam),
    readUsers: (names) => readNamedUsers(iam, names),
    credentialReport: () => fetchCredentialReport(iam, reportWait),
  };
}

async function listAllUsers(iam: IAMClient): Promise<InventoryUser[]> {
  const users: InventoryUser[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new GetAccountAuthorizationDetailsCommand({
        Filter: ['User'],
        MaxItems: 1000,
        Marker: marker,
      }),
    );
    for (const u of page.UserDetailList ?? []) {
      users.push({
        userName: u.UserName ?? '',
        path: u.Path ?? '/',
        arn: u.Arn ?? '',
        ...(u.UserId === undefined ? {} : { userId: u.UserId }),
        tags: tagMap(u.Tags),
        groups: [...(u.GroupList ?? [])],
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return users;
}

/** GetUser + ListGroupsForUser per named user; a name that does not exist is reported, not an error. */
async function readNamedUsers(iam: IAMClient, names: readonly string[]): Promise<NamedUsers> {
  const found: InventoryUser[] = [];
  const notFound: string[] = [];
  for (const name of names) {
    try {
      const { User } = await iam.send(new GetUserCommand({ UserName: name }));
      const groups = await listGroups(iam, name);
      found.push({
        userName: User?.UserName ?? name,
        path: User?.Path ?? '/',
        arn: User?.Arn ?? '',
        ...(User?.UserId === undefined ? {} : { userId: User.UserId }),
        tags: tagMap(User?.Tags),
        groups,
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      notFound.push(name);
    }
  }
  return { found, notFound };
}

async function listGroups(iam: IAMClient, userName: string): Promise<string[]> {
  const groups: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new ListGroupsForUserCommand({ UserName: userName, Marker: marker }),
    );
    groups.push(...(page.Groups ?? []).map((g) => g.GroupName ?? ''));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return groups;
}

function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}
