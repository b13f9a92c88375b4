import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/actor';
import { UuidPipe } from '../../common/uuid.pipe';
import { CurrentActor, Roles } from '../auth.decorators';
import {
  ApprovalDecisionDto,
  ApprovalRequestDto,
  ListApprovalsQuery,
  RejectApprovalDto,
  toApprovalDecisionDto,
  toApprovalDto,
  WithdrawApprovalDto,
} from './approval.dto';
import { ApprovalsService } from './approvals.service';

/** The admins' queue of requests that need a second person, and the decisions on them. */
@ApiTags('approvals')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  @ApiOkResponse({ type: [ApprovalRequestDto], description: 'Newest first; pending ones unless status says otherwise' })
  async list(@Query() query: ListApprovalsQuery, @CurrentActor() actor: Actor): Promise<ApprovalRequestDto[]> {
    const status = query.status ?? 'pending';
    const found = await this.approvals.list(status === 'all' ? undefined : status);
    return found.map((a) => toApprovalDto(a, this.approvals.mayDecide(a, actor), this.approvals.mayWithdraw(a, actor)));
  }

  @Get(':id')
  @ApiOkResponse({ type: ApprovalRequestDto })
  async get(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ApprovalRequestDto> {
    const found = await this.approvals.get(id);
    return toApprovalDto(found, this.approvals.mayDecide(found, actor), this.approvals.mayWithdraw(found, actor));
  }

  /** A second admin approves: the change is applied in the same transaction; a secret it creates is in this answer only. */
  @Post(':id/approve')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ApprovalDecisionDto })
  async approve(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ApprovalDecisionDto> {
    return toApprovalDecisionDto(await this.approvals.approve(id, actor));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOkResponse({ type: ApprovalRequestDto })
  async reject(@Param('id', UuidPipe) id: string, @Body() dto: RejectApprovalDto, @CurrentActor() actor: Actor): Promise<ApprovalRequestDto> {
    return toApprovalDto(await this.approvals.reject(id, actor, dto.reason), false);
  }

  /** The requester takes back their own pending request: `cancelled`, nothing applied. */
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: ApprovalRequestDto })
  @ApiForbiddenResponse({ description: 'ONLY_REQUESTER_MAY_WITHDRAW: another admin rejects it instead' })
  @ApiConflictResponse({ description: 'APPROVAL_ALREADY_DECIDED: approved, rejected or cancelled already' })
  async withdraw(@Param('id', UuidPipe) id: string, @Body() dto: WithdrawApprovalDto, @CurrentActor() actor: Actor): Promise<ApprovalRequestDto> {
    return toApprovalDto(await this.approvals.withdraw(id, actor, dto.reason), false);
  }
}
