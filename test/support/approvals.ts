import type { ApprovalRequestDto } from '../../src/auth/approvals/approval.dto';
import type { TestContext } from './test-app';

/** Another admin approves a pending request through the real route; returns the decided request. */
export async function approveAs(t: TestContext, adminToken: string, approvalId: string): Promise<ApprovalRequestDto> {
  const res = await t.http().post(`/v1/approvals/${approvalId}/approve`).set('Authorization', `Bearer ${adminToken}`).expect(200);
  return res.body as ApprovalRequestDto;
}
