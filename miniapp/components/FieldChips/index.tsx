import { View } from '@tarojs/components';
import type { FollowupField } from '@healthpocket/shared-types/src/followup-constants';
import { tappedOption } from '@healthpocket/shared-types/src/followup-constants';

/**
 * The options of a choice or multi-choice field of a 随访 form as chips (the resident's self-report
 * and the doctor's form): one chosen for a choice, any for a multi-choice (无症状 excludes the rest).
 */
export function FieldChips({
  field,
  value,
  testIdPrefix,
  onChange,
}: {
  field: Pick<FollowupField, 'key' | 'type' | 'options' | 'label'>;
  value: unknown;
  testIdPrefix: string;
  onChange: (next: string | string[]) => void;
}) {
  const multi = field.type === 'multi';
  return (
    <View className='hp-chips' role={multi ? 'group' : 'radiogroup'} aria-label={field.label}>
      {(field.options ?? []).map((o) => {
        const on = multi ? Array.isArray(value) && value.includes(o) : value === o;
        return (
          <View
            key={o}
            className={`hp-chip ${on ? 'hp-chip--active' : ''}`}
            role={multi ? 'checkbox' : 'radio'}
            aria-checked={on ? 'true' : 'false'}
            data-testid={`${testIdPrefix}-${field.key}-${o}`}
            onClick={() => onChange(tappedOption(field, value, o))}
          >
            {o}
          </View>
        );
      })}
    </View>
  );
}
