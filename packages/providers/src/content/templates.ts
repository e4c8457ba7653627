// Default Liquid templates per channel. An email template's first line may be
// `Subject: …`; the provider splits it off into the output's `subject`.
import type { ContentOutput } from "@studio/contracts";

type Channel = ContentOutput["channel"];

const email = `Subject: {{ variant.subject }}

{{ variant.greeting }} {{ first_name }},

{{ variant.opener }}{% if second_insight %} {{ variant.bridge }} {{ second_insight.title }}.{% endif %}

{{ variant.pitch }} {{ variant.cta }}
{% if instructions %}
P.S. {{ instructions }}
{% endif %}
{{ variant.closing }}`;

const linkedin = `{{ variant.greeting }} {{ first_name }}, {{ variant.opener }} {{ variant.cta }}{% if instructions %} {{ instructions }}{% endif %} {{ variant.closing }}`;

const call = `Hi {{ first_name }}, thanks for picking up. {{ variant.opener }} One question: {{ variant.question }}{% if instructions %} ({{ instructions }}){% endif %}`;

export const DefaultTemplates: Record<Channel, string> = { email, linkedin, call };
