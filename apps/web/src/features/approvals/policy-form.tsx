'use client';

import {
  APPROVAL_APPLIES_TO,
  APPROVAL_INITIATOR_TYPES,
  APPROVER_ROLES,
  type ApprovalPolicy,
  createApprovalPolicyBodySchema,
} from '@payos/contracts';
import { DialogActions, Field, Input } from '@payos/ui';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { AmountInput, OptionSelect } from '@/components/form-fields';
import { FormDialog, FormError, useDialogMutation } from '@/components/mutation-form';
import { labelsOf } from '@/i18n/active';
import { useEnvironment } from '@/lib/environment';
import { errorMessage } from '@/lib/payos';
import { toast } from '@/lib/toast';
import { useApprovalPolicyMutations } from './queries';
import { APPLIES_TO_LABELS, INITIATOR_LABELS } from './status';

type InitiatorType = (typeof APPROVAL_INITIATOR_TYPES)[number];

const APPROVER_LABELS = labelsOf('approvals.form.approver', ['admin', 'owner'] as const);
const COUNTS = ['1', '2', '3'] as const;

/**
 * Create an approval policy, or edit `policy`. The form is mounted afresh each time the dialog opens,
 * so each opening starts from the policy (or the defaults) and has its own Idempotency-Key.
 */
export function PolicyDialog({
  policy,
  open,
  onOpenChange,
}: {
  policy?: ApprovalPolicy;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations('approvals.form');
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={policy ? t('editTitle') : t('newTitle')}
      description={policy ? t('editDescription') : t('newDescription')}
    >
      {(done) => <PolicyForm policy={policy} onDone={done} />}
    </FormDialog>
  );
}

function PolicyForm({ policy, onDone }: { policy?: ApprovalPolicy; onDone: () => void }) {
  const env = useEnvironment();
  const mutations = useApprovalPolicyMutations(env);
  const t = useTranslations('approvals.form');
  const create = useDialogMutation(mutations.create);
  const update = useDialogMutation(mutations.update);
  const [name, setName] = useState(policy?.name ?? '');
  const [appliesTo, setAppliesTo] = useState<(typeof APPROVAL_APPLIES_TO)[number] | ''>(policy?.appliesTo ?? 'payout');
  const [amountGte, setAmountGte] = useState(policy?.amountGte ?? '');
  const [initiators, setInitiators] = useState<InitiatorType[]>(policy?.initiatorTypes ?? ['api_key', 'agent']);
  const [required, setRequired] = useState<(typeof COUNTS)[number] | ''>(
    policy ? (String(policy.requiredApprovals) as (typeof COUNTS)[number]) : '1',
  );
  const [approverRole, setApproverRole] = useState<(typeof APPROVER_ROLES)[number] | ''>(policy?.approverRole ?? 'admin');

  // The API's own request schema: the name's length, a USD amount of at most 2 decimals, 1–3 initiator types and approvals.
  const checked = createApprovalPolicyBodySchema.safeParse({
    name,
    appliesTo,
    amountGte,
    initiatorTypes: APPROVAL_INITIATOR_TYPES.filter((type) => initiators.includes(type)),
    requiredApprovals: Number(required),
    approverRole,
  });
  const issue = (field: string) => checked.error?.issues.find((i) => i.path[0] === field)?.message;
  const nameError = name ? issue('name') : undefined;
  const amountError = amountGte ? (issue('amountGte') ? t('badAmount') : undefined) : undefined;
  const mutation = policy ? update : create;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!checked.success) return;
    const onSuccess = () => {
      toast(policy ? t('saved') : t('created'), 'success');
      onDone();
    };
    if (policy) update.send({ id: policy.id, body: checked.data }, onSuccess);
    else create.send({ body: checked.data }, onSuccess);
  }

  const toggle = (type: InitiatorType, on: boolean) =>
    setInitiators((current) => (on ? [...current, type] : current.filter((x) => x !== type)));

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={t('label')}>
      <Field id="ap-name" label={t('name')} error={nameError}>
        <Input id="ap-name" value={name} maxLength={100} placeholder={t('namePlaceholder')} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field id="ap-applies" label={t('appliesTo')}>
        <OptionSelect
          id="ap-applies"
          options={APPROVAL_APPLIES_TO}
          labels={APPLIES_TO_LABELS}
          placeholder={t('choose')}
          value={appliesTo}
          onChange={setAppliesTo}
        />
      </Field>
      <Field id="ap-amount" label={t('amount')} hint={t('amountHint')} error={amountError}>
        <AmountInput id="ap-amount" value={amountGte} onChange={setAmountGte} invalid={Boolean(amountError)} placeholder="10000.00" />
      </Field>
      <fieldset className="grid gap-1.5">
        <legend className="mb-1.5 text-sm font-medium">{t('startedBy')}</legend>
        <div className="flex flex-wrap gap-4">
          {APPROVAL_INITIATOR_TYPES.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={initiators.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
              {INITIATOR_LABELS[type]}
            </label>
          ))}
        </div>
        {initiators.length === 0 ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            {t('chooseOne')}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="ap-required" label={t('required')} hint={t('requiredHint')}>
          <OptionSelect id="ap-required" options={COUNTS} placeholder={t('choose')} value={required} onChange={setRequired} />
        </Field>
        <Field id="ap-role" label={t('approvedBy')}>
          <OptionSelect
            id="ap-role"
            options={APPROVER_ROLES}
            labels={APPROVER_LABELS}
            placeholder={t('choose')}
            value={approverRole}
            onChange={setApproverRole}
          />
        </Field>
      </div>
      <FormError error={mutation.error} message={errorMessage} testId="policy-error" />
      <DialogActions
        onCancel={onDone}
        label={policy ? t('save') : t('create')}
        busyLabel={t('saving')}
        busy={mutation.busy}
        disabled={!checked.success}
      />
    </form>
  );
}
