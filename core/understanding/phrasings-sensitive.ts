/**
 * Training phrasings: topics that belong with a person whatever the knowledge base says about them, by
 * meaning rather than by the KB's own words: fraud (a charge or order the customer did not make), hardship
 * (cannot pay: income lost, illness, debt) and disputes (the shop refuses a refund, never delivered, sent a
 * fake). Only used where the KB marks an entry of that kind `handoff: true`. Never copied from evaluation sets.
 */
export const SENSITIVE_SLOTS: Record<string, readonly string[]> = {
  CHARGE: ['a charge', 'a payment', 'a transaction', 'a purchase', 'an order', 'a debit', 'a withdrawal', 'an instalment', 'a bill', 'a transfer'],
  STRANGER: ['a store', 'a shop', 'a merchant', 'a company', 'a website', 'a place', 'someone', 'a seller'],
  NEVER: ['I have never heard of', "I don't know", 'i never used', 'I never shopped at', "I've never been to", 'I do not recognise', "I don't recognize"],
  LOSS: ['I lost my job', 'I lost my income', 'I got laid off', 'I was made redundant', 'I am unemployed', 'my hours were cut', 'I got fired', 'I am on sick leave', 'I have medical bills', 'my salary is late', 'I have no income', 'my business failed', 'I am broke', 'money is tight', 'I am in debt'],
  CANTPAY: ["I can't make this month's payment", "I can't pay", 'I cannot afford the instalments', "I won't be able to pay", "I can't keep up with payments", 'I need more time to pay', 'I need to delay my payments', 'I am struggling to pay', 'I can not pay the next instalment', 'I need a break from payments'],
  SHOPREFUSE: ['the merchant says no refund', 'the shop refuses to refund me', "the seller won't give my money back", 'the store rejected my refund', "the shop won't accept my return", 'the seller ignores my return', 'the merchant denies receiving my return', 'they refuse to refund', 'the shop keeps saying no to a refund', "the seller won't take it back"],
  DESPITE: ['even though I sent it back', 'although I returned it', 'even though it was faulty', 'and I have proof of return', 'even though it arrived broken', 'and I have the tracking number', 'after I returned everything', ''],
};

export const FRAUD_TEMPLATES: readonly string[] = [
  "{there's|there is|I see|I have|i found|why is there} $CHARGE from $STRANGER $NEVER {|on my account|on my statement|in my app}",
  "{|there's|I see} $CHARGE {I didn't make|I did not make|I never made|that wasn't me|I don't recognise|I do not recognize|I never authorised|I never agreed to}",
  '{someone|somebody|a stranger|a person I dont know} {used|is using|got into|accessed|hacked|took over} my {account|card|details|identity|login}',
  '{someone|somebody} {ordered|bought|purchased|paid for} {stuff|things|items|something} {in my name|with my account|using my details|without my permission}',
  '{I got|I received|there is} {an email|a message|a text|a confirmation|a bill} {about|for} {an order|a purchase|a payment} I {never placed|didnt make|never made|know nothing about}',
  '{my account|my statement|the app} {has|shows} {purchases|orders|payments|charges} {that werent me|I never made|I did not authorise|I dont know anything about}',
  '{I think|I believe|I fear|pretty sure} {I was|I have been|i got} {scammed|hacked|defrauded|phished|a victim of fraud|a victim of identity theft}',
  '{my identity was stolen|someone stole my identity|identity theft|i think my details were stolen|my card details were stolen} {|and used to shop|and someone is using lumo|please help}',
  // other languages
  '{hay|tengo|veo} un {cargo|pago|pedido} que no {reconozco|hice}',
  'alguien {usó|uso|ha usado} mi {cuenta|tarjeta|identidad}',
  "{il y a|je vois} un {paiement|achat|prélèvement} que je {ne reconnais pas|n'ai pas fait}",
  "quelqu'un a {utilisé|piraté} mon {compte|identité|carte}",
  'da ist eine {Zahlung|Abbuchung|Bestellung}, die ich nicht {gemacht habe|kenne|erkenne}',
  'jemand hat mein {Konto|Kundenkonto|Identität} {benutzt|gehackt|missbraucht}',
  'há um {pagamento|pedido|débito} que eu não {reconheço|fiz}',
  "c'è un {pagamento|addebito|ordine} che non {riconosco|ho fatto}",
  'er staat een {betaling|bestelling|afschrijving} die ik niet {herken|heb gedaan}',
  'det finns en {betalning|beställning|dragning} som jag inte {känner igen|har gjort}',
  'есть {платёж|списание|заказ}, который я не {делал|узнаю}',
  '{有一笔|我看到一笔}{我不认识的|不是我的|陌生的}{扣款|付款|订单}',
  // the same with the charge after the verb ("I don't recognise this purchase")
  'no {reconozco|he hecho} {este|ese} {cargo|pago|cobro|pedido}',
  'je ne reconnais pas {ce|cet} {paiement|achat|prélèvement}',
  'ich erkenne {diese|die} {Zahlung|Abbuchung|Bestellung} nicht',
  '{não reconheço|desconheço|eu não fiz} {esta|essa} {compra|cobrança|transação}',
  'non {riconosco|ho fatto} {questo|quel} {addebito|pagamento|acquisto}',
  'ik herken {deze|die} {betaling|afschrijving|bestelling} niet',
  'jag känner inte igen {den här|denna} {betalningen|dragningen|beställningen}',
  'я не {совершал|делал|узнаю} {эту покупку|этот платёж|это списание}',
  '{有人|被人}{盗刷|盗用|冒用}了我的{卡|账户|账号}',
  '{这笔|那笔}{扣款|订单|付款}不是我{买的|下的|付的}',
];

export const HARDSHIP_TEMPLATES: readonly string[] = [
  '$CANTPAY {|,} {because|since|as|} $LOSS',
  '$LOSS {|,|and} {|so} {I cannot pay|i cant keep up with the instalments|what happens with my payments|can the payment wait|I need help with my payments|I cannot afford this}',
  "{I'm|I am} {broke|in financial difficulty|struggling financially|in debt|in a tough spot financially|having money problems|short of money} {|until next month|this month|right now} {|, can the payment wait|, what can I do|, help}",
  "{I'm|I am} {ill|sick|in hospital|going through a divorce|grieving|a carer} and {can't work|cannot work|can't pay|have no money}{|, what happens with my payments}",
  '{can I|could I|is it possible to} {postpone|pause|delay|skip|freeze} {a payment|my payments|this months instalment} {because|as} {I lost my job|money is tight|I have no income|of hardship}',
  '{no puedo pagar|no puedo hacer el pago} {este mes|la cuota} {|, perdí mi trabajo|, estoy sin ingresos}',
  "je {n'arrive plus à payer|ne peux pas payer} {|ce mois-ci}{|, j'ai perdu mon travail|, je suis au chômage}",
  'ich kann {die Rate|diesen Monat|nicht mehr} nicht {zahlen|bezahlen}{|, ich habe meinen Job verloren|, ich bin arbeitslos}',
  'não consigo pagar {|a prestação|este mês}{|, perdi o emprego|, estou desempregado}',
  'non riesco a pagare {|la rata|questo mese}{|, ho perso il lavoro|, sono disoccupato}',
  'ik kan {de termijn|deze maand} niet betalen{|, ik ben mijn baan kwijt|, ik ben werkloos}',
  'jag kan inte betala {|denna månad|avbetalningen}{|, jag har förlorat jobbet|, jag är arbetslös}',
  'я не могу {платить|оплатить} {|в этом месяце|взнос}{|, я потерял работу|, у меня нет дохода}',
  '我{付不起|还不上|没钱付}{这个月的|}{款|分期}{|，我失业了}',
];

export const DISPUTE_TEMPLATES: readonly string[] = [
  '$SHOPREFUSE $DESPITE',
  '{the shop|the seller|the merchant|the store} {never delivered|never sent|did not send} {anything|my order|the item} {and|but} {does not answer|ignores me|won\'t respond|stopped replying|won\'t refund}',
  '{they|the shop|the seller} sent me {a fake|a counterfeit|the wrong|a broken|a damaged|a used} {product|item|phone|thing} {and refuse to|and won\'t|} {|refund|take it back|help}',
  '{I paid but|I paid and} {never got|never received|didn\'t get} {my order|the item|anything}{|, and the shop won\'t help|, the store is not responding}',
  '{the store|the shop|the seller} {ignored|lost|rejected|refused} my return and {still wants|wants|expects} me to {pay|keep paying}',
  '{I want to|i need to|how do I} {open|start|raise|file} a {dispute|complaint|claim|chargeback} {against|with|about} {the shop|the seller|the merchant|a store}',
  '{the item|the product|what I got} {is not what I ordered|is not as described|was not as advertised|is completely different}{| and the shop refuses to help| and the seller won\'t answer}',
  '{la tienda|el vendedor} no me {quiere devolver el dinero|devuelve el dinero|responde}{| aunque lo devolví}',
  "{le marchand|le vendeur|la boutique} refuse de me rembourser{| alors que j'ai renvoyé le colis}",
  'der {Händler|Shop|Verkäufer} {weigert sich|will nicht} {|mir} das Geld {zurückzugeben|zu erstatten}{| obwohl ich es zurückgeschickt habe}',
  'a loja {se recusa a|não quer} {me reembolsar|devolver o dinheiro}{| mesmo eu tendo devolvido}',
  'il negozio {rifiuta|non vuole} {di rimborsarmi|il rimborso}{| anche se ho restituito il pacco}',
  'de winkel {weigert|wil niet} {mijn geld terug te geven|terug te betalen}',
  'butiken vägrar {att ge mig pengarna tillbaka|återbetala}',
  'магазин {отказывается|не хочет} {вернуть деньги|возвращать деньги}',
  '{商家|卖家|店家}{拒绝退款|不给退款|不退钱}',
];
