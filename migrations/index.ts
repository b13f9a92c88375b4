// Every migration in order, for the e2e template database (jest cannot load the CLI's glob).
import { Foundation1764000000000 } from './1764000000000-Foundation';
import { SampleIntake1764000001000 } from './1764000001000-SampleIntake';
import { Results1764000002000 } from './1764000002000-Results';
import { Webhooks1764000003000 } from './1764000003000-Webhooks';
import { ImportHashes1764000004000 } from './1764000004000-ImportHashes';
import { InstrumentMappings1764000005000 } from './1764000005000-InstrumentMappings';
import { RuleSets1764000006000 } from './1764000006000-RuleSets';
import { MetrcStateAction1764000010000 } from './1764000010000-MetrcStateAction';
import { NotTested1764000011000 } from './1764000011000-NotTested';
import { Methods1764000012000 } from './1764000012000-Methods';
import { PendingAmendments1764000013000 } from './1764000013000-PendingAmendments';
import { TwoPersonApprovals1764000014000 } from './1764000014000-TwoPersonApprovals';
import { EdiblesRetests1764000015000 } from './1764000015000-EdiblesRetests';
import { InstrumentMappingMethod1764000016000 } from './1764000016000-InstrumentMappingMethod';
import { AccountsSessions1764000017000 } from './1764000017000-AccountsSessions';
import { WebhookDefences1764000018000 } from './1764000018000-WebhookDefences';
import { TransferManifestPerLicensee1764000019000 } from './1764000019000-TransferManifestPerLicensee';
import { LeastPrivilege1764000020000 } from './1764000020000-LeastPrivilege';
import { AuditChain1764000021000 } from './1764000021000-AuditChain';
import { ElectronicSignatures1764000022000 } from './1764000022000-ElectronicSignatures';
import { SampleVersionNotify1764000023500 } from './1764000023500-SampleVersionNotify';
import { ResultReferencesPerStatement1764000024000 } from './1764000024000-ResultReferencesPerStatement';
import { AuditDocumentsLz41764000024500 } from './1764000024500-AuditDocumentsLz4';
import { DropRedundantResultIndex1764000024700 } from './1764000024700-DropRedundantResultIndex';
import { ResultRowsNaturalKey1764000025000 } from './1764000025000-ResultRowsNaturalKey';
import { AuditDocumentsJson1764000025500 } from './1764000025500-AuditDocumentsJson';
import { SupersededSubmissions1764000026000 } from './1764000026000-SupersededSubmissions';
import { ApprovalCancelled1764000027500 } from './1764000027500-ApprovalCancelled';
import { FrozenReleasedSamples1764000027600 } from './1764000027600-FrozenReleasedSamples';
import { TransferManifestDate1764000027700 } from './1764000027700-TransferManifestDate';
import { GuardRefusalSqlstate1764000027800 } from './1764000027800-GuardRefusalSqlstate';
import { MethodCqCutoff1764000028100 } from './1764000028100-MethodCqCutoff';
import { ResultSourceReporters1764000028200 } from './1764000028200-ResultSourceReporters';

export const ALL_MIGRATIONS = [
  Foundation1764000000000,
  SampleIntake1764000001000,
  Results1764000002000,
  Webhooks1764000003000,
  ImportHashes1764000004000,
  InstrumentMappings1764000005000,
  RuleSets1764000006000,
  MetrcStateAction1764000010000,
  NotTested1764000011000,
  Methods1764000012000,
  PendingAmendments1764000013000,
  TwoPersonApprovals1764000014000,
  EdiblesRetests1764000015000,
  InstrumentMappingMethod1764000016000,
  AccountsSessions1764000017000,
  WebhookDefences1764000018000,
  TransferManifestPerLicensee1764000019000,
  LeastPrivilege1764000020000,
  AuditChain1764000021000,
  ElectronicSignatures1764000022000,
  SampleVersionNotify1764000023500,
  ResultReferencesPerStatement1764000024000,
  AuditDocumentsLz41764000024500,
  DropRedundantResultIndex1764000024700,
  ResultRowsNaturalKey1764000025000,
  AuditDocumentsJson1764000025500,
  SupersededSubmissions1764000026000,
  ApprovalCancelled1764000027500,
  FrozenReleasedSamples1764000027600,
  TransferManifestDate1764000027700,
  GuardRefusalSqlstate1764000027800,
  MethodCqCutoff1764000028100,
  ResultSourceReporters1764000028200,
];
